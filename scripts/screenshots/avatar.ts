/** A bell on a coloured disc or square: the bot's avatar, drawn inline so the pages need no assets. */
export function bellAvatar(className: string): string {
  return `<div class="${className}"><svg viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M12 22a2.4 2.4 0 0 0 2.4-2.2H9.6A2.4 2.4 0 0 0 12 22zm6.5-5.6V11c0-3.2-1.8-5.8-4.9-6.5V3.8a1.6 1.6 0 0 0-3.2 0v.7C7.3 5.2 5.5 7.8 5.5 11v5.4L3.6 18.3v.9h16.8v-.9z"/></svg></div>`;
}
