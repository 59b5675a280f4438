/** The window an analytics answer covers, as parsed (defaults filled in). */
import { Type } from 'typebox';
import { Day, PlatformName } from './common.js';

export const Range = Type.Object(
  {
    from: Day,
    to: Day,
    tz: Type.String({ description: 'IANA time zone of the day boundaries' }),
    days: Type.Integer({ minimum: 1, description: 'Days in the window, both ends included' }),
    platforms: Type.Array(PlatformName, { description: 'Platforms asked for' }),
  },
  { description: 'The window of the answer: from and to inclusive, in tz' },
);
