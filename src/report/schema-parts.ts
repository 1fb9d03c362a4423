/** Pieces of the JSON Schemas of the diff and trace documents: described strings and HAT entries. */

export const str = (description: string) => ({ type: 'string', description }) as const;
export const nstr = (description: string) => ({ type: ['string', 'null'], description }) as const;
export const entry = str('Sender group name, the text of an inline entry, or `ALL`.');
export const entryKind = {
  enum: ['group', 'inline', 'all'],
  description:
    '`group`: a sender group (`NAME:`); `inline`: senders at column 0 with their own behaviour or policy; `all`: the final `ALL`.',
} as const;
