/** Lower-case, accents removed: what case- and accent-insensitive search compares ("Zoë" → "zoe"). */
export function foldForSearch(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}
