// The body editor as a place to write: a word count and the reading time under it,
// updated as one types. Counted like Article.reading_minutes: the standfirst and the
// body, 220 words a minute, at least one minute.
'use strict';
{
    const WORDS_PER_MINUTE = 220;
    const numbers = new Intl.NumberFormat('fr-FR');

    const wordsIn = (text) => text.split(/\s+/).filter(Boolean).length;

    const describe = (words) => {
        const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
        const wordLabel = words === 1 ? 'mot' : 'mots';
        return `${numbers.format(words)} ${wordLabel} · lecture : ${numbers.format(minutes)} min`;
    };

    document.addEventListener('prose-editor:ready', (event) => {
        const {editor, textarea} = event.detail;
        if (textarea.name !== 'body') {
            return;
        }
        const standfirst = textarea.form.elements.namedItem('standfirst');
        const stats = document.createElement('p');
        stats.className = 'writing-stats';
        stats.id = 'body-stats';
        textarea.closest('.prose-editor').after(stats);
        const update = () => {
            const standfirstText = standfirst ? standfirst.value : '';
            stats.textContent = describe(wordsIn(standfirstText) + wordsIn(editor.getText()));
        };
        editor.on('update', update);
        if (standfirst) {
            standfirst.addEventListener('input', update);
        }
        update();
    });
}
