// The three ways out of an application: the mailto: link (when short enough), the .eml file, and the text to copy.

import { checkSorRequest, emailText, mailtoLink, sorEmail, type SorRequestFields } from '../../schemas/sor-request.ts';
import { buildEml } from './eml.ts';

export function sorEmailResult(input: Partial<SorRequestFields>, date = new Date()) {
  const { fields, problems } = checkSorRequest(input);
  if (problems.length > 0) return { problems, email: null, mailto: null, mailtoTooLong: false, eml: null, fileName: null, text: null };
  const email = sorEmail(fields);
  const mailto = mailtoLink(email);
  const eml = buildEml({ fromName: fields.contactName, fromEmail: fields.contactEmail, to: email.to, subject: email.subject, body: email.body, date });
  const safeName =
    fields.institutionName
      .replace(/[^\p{L}\p{N} -]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'institution';
  const fileName = `${fields.kind === 'ny' ? 'SOR-ansoegning' : 'SOR-aendring'}-${safeName}.eml`;
  return { problems, email, mailto, mailtoTooLong: mailto === null, eml, fileName, text: emailText(email) };
}
