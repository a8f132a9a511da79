// Links of the "checks before publishing" list: open the collapsed section that holds
// the field and put the cursor on it; for a spot in the body ("img:1", the second
// image), on that element in the editor. Without this script the links still lead
// to the field (and Chromium opens a closed <details> it leads into).
'use strict';
{
    let bodyEditor = null;

    document.addEventListener('prose-editor:ready', (event) => {
        if (event.detail.textarea.name === 'body') {
            bodyEditor = event.detail.editor;
        }
    });

    const openSectionsAround = (element) => {
        for (let section = element.closest('details'); section; section = section.parentElement.closest('details')) {
            section.open = true;
        }
    };

    const goToBodySpot = (spot) => {
        const [tag, index] = spot.split(':');
        const element = bodyEditor.view.dom.querySelectorAll(tag)[Number(index)];
        if (!element) {
            return false; // gone since the save that was checked
        }
        // Select the element's text (a vague link's words, a heading), ready to retype.
        const {view} = bodyEditor;
        const from = view.posAtDOM(element, 0);
        const to = element.childNodes.length ? view.posAtDOM(element, element.childNodes.length) : from;
        bodyEditor.chain().focus(null, {scrollIntoView: false}).setTextSelection({from, to}).run();
        element.scrollIntoView({block: 'center'});
        return true;
    };

    document.addEventListener('click', (event) => {
        const link = event.target.closest('.content-checks a[href^="#id_"]');
        const field = link && document.getElementById(link.hash.slice(1));
        if (!field) {
            return;
        }
        openSectionsAround(field);
        event.preventDefault();
        if (field.name === 'body' && bodyEditor) {
            if (!link.dataset.bodySpot || !goToBodySpot(link.dataset.bodySpot)) {
                bodyEditor.commands.focus('end');
                bodyEditor.view.dom.scrollIntoView({block: 'start'});
            }
            return;
        }
        field.scrollIntoView({block: 'center'});
        field.focus();
    });
}
