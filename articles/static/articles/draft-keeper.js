// No lost work. While an article is written, its title, standfirst and body are kept
// in this browser (localStorage, one entry per article, "new" for an unsaved one);
// after a crash or a closed tab the form offers them back (the hidden prompt of
// change_form.html: Restaurer / Ignorer). Leaving the form with unsaved changes asks
// for confirmation. The kept text is forgotten once the admin confirms a save.
'use strict';
{
    const PREFIX = 'agency:article-draft:';
    // The key of the form just submitted: the next page tells whether the save succeeded.
    const SUBMITTED = 'agency:article-draft-submitted';
    const FIELDS = ['title', 'standfirst'];
    const dateFormat = new Intl.DateTimeFormat('fr-FR', {dateStyle: 'long', timeStyle: 'short'});

    const storage = {
        read(key) {
            try {
                return JSON.parse(localStorage.getItem(key));
            } catch {
                return null; // unreadable or storage refused: nothing to offer
            }
        },
        write(key, value) {
            try {
                localStorage.setItem(key, JSON.stringify(value));
            } catch {
                // Storage full or refused (private mode): the form still works.
            }
        },
        forget(key) {
            try {
                localStorage.removeItem(key);
            } catch {}
        },
    };

    let justSubmitted = null; // the key of the form submitted just before this page

    // Any article admin page: after a submitted save, the admin's success message
    // (shown after its redirect) confirms it; a form shown again with errors does not.
    const settleSubmittedSave = () => {
        const key = sessionStorage.getItem(SUBMITTED);
        if (!key) {
            return;
        }
        sessionStorage.removeItem(SUBMITTED);
        justSubmitted = key;
        if (document.querySelector('.messagelist .success')) {
            storage.forget(key);
        }
    };

    // The editor drops trailing spaces when it reads a text back: not a difference.
    const normalized = (text) => (text || '').replace(/\s+/g, ' ').trim();
    const sameText = (kept, current) =>
        ['body', ...FIELDS].every((name) => normalized(kept[name]) === normalized(current[name]));

    const offerToRestore = (prompt, kept, current, restore, forget) => {
        const when = new Date(kept.savedAt);
        const time = prompt.querySelector('time');
        time.dateTime = when.toISOString();
        time.textContent = dateFormat.format(when);
        // Saved by someone since that text was typed: restoring it would undo their save.
        prompt.querySelector('[data-draft-newer]').hidden = kept.version === current.version;
        prompt.hidden = false;
        const restoreButton = prompt.querySelector('[data-draft-action="restore"]');
        // Described by the offer's sentence: focusing it reads the whole offer.
        restoreButton.focus();
        restoreButton.addEventListener('click', () => {
            restore(kept);
            prompt.hidden = true;
        });
        prompt.querySelector('[data-draft-action="ignore"]').addEventListener('click', () => {
            forget();
            prompt.hidden = true;
        });
    };

    const keepDrafts = (form, editor, prompt) => {
        settleSubmittedSave(); // before reading what is kept: the save may have just succeeded
        const key = PREFIX + prompt.dataset.draftKey;
        const fields = FIELDS.map((name) => form.elements.namedItem(name)).filter(Boolean);
        // The article's version when this form was opened (see ArticleAdminForm).
        const version = form.elements.namedItem('edited_version');
        const current = () => {
            const text = {body: editor.getHTML(), version: version ? version.value : ''};
            for (const field of fields) {
                text[field.name] = field.value;
            }
            return text;
        };
        let unsaved = false;
        let timer = null;
        const keepSoon = () => {
            unsaved = true;
            clearTimeout(timer);
            timer = setTimeout(() => storage.write(key, {...current(), savedAt: Date.now()}), 400);
        };
        editor.on('update', keepSoon);
        form.addEventListener('input', (event) => event.isTrusted && keepSoon());
        form.addEventListener('change', (event) => {
            if (event.isTrusted) {
                unsaved = true;
            }
        });
        form.addEventListener('submit', () => {
            clearTimeout(timer);
            storage.write(key, {...current(), savedAt: Date.now()});
            sessionStorage.setItem(SUBMITTED, key);
            unsaved = false;
        });
        window.addEventListener('beforeunload', (event) => {
            if (unsaved) {
                event.preventDefault();
                event.returnValue = ''; // older browsers need it set to ask
            }
        });

        const kept = storage.read(key);
        // A refused save shows the submitted text again: nothing to offer.
        if (!kept || justSubmitted === key || sameText(kept, current())) {
            return;
        }
        const restore = (text) => {
            for (const field of fields) {
                field.value = text[field.name] || '';
                // prepopulate.js fills the slug from the title on "change".
                field.dispatchEvent(new Event('change'));
            }
            editor.commands.setContent(text.body || '', {emitUpdate: true});
            unsaved = true;
        };
        offerToRestore(prompt, kept, current(), restore, () => storage.forget(key));
    };

    document.addEventListener('DOMContentLoaded', settleSubmittedSave);
    document.addEventListener('prose-editor:ready', (event) => {
        const {editor, textarea} = event.detail;
        const prompt = document.getElementById('draft-restore');
        if (textarea.name === 'body' && prompt && textarea.form) {
            keepDrafts(textarea.form, editor, prompt);
        }
    });
}
