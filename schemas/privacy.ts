// CPR numbers are personal data: never in a message or a log line unmasked. A value shaped like one (ten digits, or six
// and four with a hyphen) is shown as its birth date and "xxxx", which still lets a user find the row.

const CPR_SHAPED = /(?<![\d])(\d{6})-?(\d{4})(?![\d])/g;

export function maskCpr(text: string): string {
  return text.replace(CPR_SHAPED, '$1-xxxx');
}
