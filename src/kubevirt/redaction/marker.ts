/** The visible marker that replaces every removed secret value. */
export const REDACTED = '<redacted>';
