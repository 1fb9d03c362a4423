/** One explanation of a finding code (`esa-patch explain CODE`). */
/** One explanation: a title and paragraphs. */
export interface Explanation {
  title: string;
  text: string;
}

/** An explanation from its title and text. */
export const E = (title: string, text: string): Explanation => ({ title, text });
