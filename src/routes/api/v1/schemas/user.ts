/** The signed-in user as the API shows them: sign-up and login answers, GET /me. */
import { Type } from 'typebox';
import { Instant } from './common.js';
import { Id } from './params.js';

export const User = Type.Object({
  id: Id('user'),
  email: Type.String(),
  timezone: Type.String({ description: 'IANA time zone that sets your day boundaries' }),
});

/** Sign-up and login: the user and a bearer token for Authorization: Bearer <token>. */
export const AuthResult = Type.Object({ user: User, token: Type.String({ description: 'Bearer token (JWT); expires after TOKEN_TTL_SECONDS' }) });

export const Me = Type.Object({
  user: Type.Object({ ...User.properties, created_at: Instant }),
});

/** The brand printed on your PDF reports; the defaults when you set none. */
export const Brand = Type.Object({
  name: Type.String(),
  color: Type.String({ description: '#rrggbb' }),
});
