// Accessible names for the admin controls that other scripts build after the page
// loads: the select2 autocompletes of Django's admin and the prose editor. Their
// hidden <select> or <textarea> has a label; the control people actually use did not.
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

    document.addEventListener('prose-editor:ready', (event) => {
        const {editor, textarea} = event.detail;
        editor.view.dom.setAttribute('aria-label', labelOf(textarea));
    });

    document.addEventListener('DOMContentLoaded', () => {
        nameAutocompletes();
        // select2 rebuilds its markup on every choice; inline rows are added later.
        new MutationObserver(nameAutocompletes).observe(document.body, {
            childList: true,
            subtree: true,
        });
    });
}
