/** A language the bot speaks: its `LOCALE`, or a chat's `/lang`. */
export type Locale = 'vi' | 'en';
