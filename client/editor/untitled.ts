/** What a document without any text is called; kept apart so the landing page does not load Yjs for it. */
export const UNTITLED = 'Untitled document'
