import { Matches } from 'class-validator';

/**
 * Text without C0/C1 control characters (NUL, tab, CR, LF, ESC, DEL…) or the Unicode line/paragraph separators.
 * None belongs in a name or an identifier: they break one-line displays, labels and exports (a line break in a
 * name smuggled a spreadsheet formula onto a CSV line of its own) and make two identical-looking MRNs differ.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;

/** One-line text (names, MRNs): a control character in it is refused with 400 VALIDATION_FAILED. */
export const SingleLineText = (): PropertyDecorator =>
  Matches(WITHOUT_CONTROL_CHARACTERS, {
    message: '$property must not contain control characters (line breaks, tabs, NUL…)',
  });
