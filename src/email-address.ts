/** The one check of "looks like an e-mail address" (sign-up, report recipients, SMTP_FROM): something@domain.tld, no spaces or brackets. */
const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_ADDRESS.test(value);
}
