/** What a form widget needs to show its message: the message for a widget key, or nothing yet. */
export type ErrorOf = (key: string) => string | undefined;
