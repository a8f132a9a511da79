// Accessible names for the admin controls that other scripts build after the page
// loads: the select2 autocompletes of Django's admin and the prose editor. Their
// hidden <select> or <textarea> has a label; the control people actually use did not.
// Also mends the ARIA of two other pieces of Django's vendored markup (see below).
// Loaded on every admin screen by templates/admin/base_site.html.
'use strict';
{
    const labelOf = (field) => {
        const label = field.id && document.querySelector(`label[for="${field.id}"]`);
        const text = label ? label.textContent : field.getAttribute('aria-label') || '';
        return text.replace(/\s*:\s*$/, '').trim();
    };

    const nameAutocompletes = () => {
        for (const select of document.querySelectorAll('select.admin-autocomplete')) {
            const container = select.nextElementSibling;
            const name = labelOf(select);
            if (!name || !container || !container.classList.contains('select2')) {
                continue;
            }
            for (const control of container.querySelectorAll(
                '[role="combobox"], [role="textbox"], .select2-search__field'
            )) {
                if (control.getAttribute('aria-label') !== name) {
                    control.setAttribute('aria-label', name);
                }
            }
        }
    };

    // select2 4.0.13 puts its "clear all" cross inside the list of chosen items, where
    // only list items belong (fixed in 4.1, which Django does not ship). The cross is
    // for the mouse: it takes no focus, and keyboards clear with Backspace instead.
    const hideClearCrosses = () => {
        for (const cross of document.querySelectorAll(
            '.select2-selection__rendered > .select2-selection__clear:not([aria-hidden])'
        )) {
            cross.setAttribute('aria-hidden', 'true');
        }
    };

    // The magnifier in the filter boxes of Django's two-list selector (user groups and
    // permissions) carries the box's description as an aria-label, which a plain
    // <span> may not have: as an image, it may, and its label reads it out.
    const describeFilterIcons = () => {
        for (const icon of document.querySelectorAll('.search-label-icon[aria-label]:not([role])')) {
            icon.setAttribute('role', 'img');
        }
    };

    const mend = () => {
        nameAutocompletes();
        hideClearCrosses();
        describeFilterIcons();
    };

    document.addEventListener('prose-editor:ready', (event) => {
        const {editor, textarea} = event.detail;
        editor.view.dom.setAttribute('aria-label', labelOf(textarea));
    });

    document.addEventListener('DOMContentLoaded', () => {
        mend();
        // select2 rebuilds its markup on every choice; inline rows are added later.
        new MutationObserver(mend).observe(document.body, {
            childList: true,
            subtree: true,
        });
    });
}
