/** Service failure codes as API statuses and plain English messages; pages translate the same codes. */
const KNOWN: Record<string, { status: number; message: string }> = {
  INVALID: { status: 400, message: "The request is not valid." },
  INVALID_JSON: { status: 400, message: "The body is not valid JSON." },
  UNAUTHENTICATED: { status: 401, message: "Sign in, or send a valid bearer token." },
  INVALID_CREDENTIALS: { status: 401, message: "E-mail or password is wrong." },
  FORBIDDEN: { status: 403, message: "Your organisation may not do this." },
  NOT_FOUND: { status: 404, message: "Not found." },
  EMAIL_TAKEN: { status: 409, message: "An account with this e-mail already exists." },
  CREDIT_CODE_TAKEN: { status: 409, message: "An organisation with this credit code is already registered." },
  ALREADY_MEMBER: { status: 409, message: "That person is already a member." },
  NOT_PENDING: { status: 409, message: "This organisation is not waiting for review." },
  NOT_REJECTED: { status: 409, message: "Only a rejected organisation can ask for another review." },
  LAST_ADMIN: { status: 409, message: "An organisation keeps at least one admin." },
  ROLE_NOT_ALLOWED: { status: 422, message: "That role does not exist in this kind of organisation." },
  INVITATION_INVALID: { status: 404, message: "This invitation is unknown, used, revoked or expired." },
  INVITATION_EMAIL_MISMATCH: { status: 403, message: "This invitation is for another e-mail address." },
  REFERENCE_TAKEN: { status: 409, message: "A loan with this reference is already in your book." },
  ALREADY_DEFAULTED: { status: 409, message: "This loan is already in default." },
  LOAN_CLOSED: { status: 409, message: "This loan is recovered or written off." },
  DEFAULT_BEFORE_DISBURSEMENT: { status: 422, message: "The default date is before the loan was disbursed." },
  ASSET_EXISTS: { status: 409, message: "This right is already registered on the exchange." },
  VALUATION_EXISTS: { status: 409, message: "This appraiser's valuation on that date is already recorded." },
  PLEDGE_NUMBER_TAKEN: { status: 409, message: "A pledge with this registry number is already recorded." },
  LOAN_NOT_FOUND: { status: 422, message: "No loan with this reference in your book." },
  ASSET_NOT_FOUND: { status: 422, message: "No such asset in your book." },
  DOCUMENT_SIZE: { status: 413, message: "Documents must be between 1 byte and 10 MB." },
  DOCUMENT_TYPE: { status: 415, message: "Only PDF, PNG and JPEG documents are accepted." },
  PRESET_VIOLATION: { status: 422, message: "The terms break a rule of the chosen preset; see details." },
  WRONG_STATUS: { status: 409, message: "The listing is not in a status that allows this." },
  ASSET_NOT_IN_CASE: { status: 422, message: "A listed right is not held by this disposal case." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The body is too large." },
  THROTTLED: { status: 429, message: "Too many failed attempts. Wait 15 minutes and try again." },
  RATE_LIMITED: { status: 429, message: "Too many requests. Slow down." },
  IMPORT_NO_FILES: { status: 422, message: "Choose at least one file to import." },
  IMPORT_TOO_MANY_FILES: { status: 422, message: "An import takes at most 10 files." },
  IMPORT_FILE_TYPE: { status: 415, message: "Only .csv files (and .json for a registry feed) can be imported." },
  IMPORT_TOO_LARGE: { status: 413, message: "The files of one import may hold 20 MB in all." },
  IMPORT_NOT_TEXT: { status: 415, message: "A file is not UTF-8 text. Save it as CSV UTF-8 and try again." },
  NOT_VERIFIED: { status: 403, message: "Only verified organisations may take part in listings." },
  SELLER_CANNOT_TAKE_PART: { status: 403, message: "The seller cannot take part in its own listing." },
  WRONG_MODE: { status: 409, message: "This listing's disposal mode does not take this kind of offer." },
  ALREADY_APPLIED: { status: 409, message: "Your organisation already has a pending offer on this listing." },
  OFFER_NOT_PENDING: { status: 409, message: "This offer has already been decided." },
  VALUATION_REQUIRED: { status: 422, message: "The agreed value must rest on a named valuation: a recorded valuation, or the appraiser and date." },
  VALUATION_NOT_FOUND: { status: 422, message: "No such valuation of a listed right." },
  INTENT_EXISTS: { status: 409, message: "Your organisation has already registered intent on this listing." },
  SAVED_SEARCH_LIMIT: { status: 409, message: "You keep the most saved searches allowed (25); delete one first." },
  DEPOSIT_ALREADY_CONFIRMED: { status: 409, message: "This deposit is already confirmed." },
  NDA_REQUIRED: { status: 403, message: "Accept this listing's NDA before opening its NDA documents." },
  DOCUMENT_NOT_FOUND: { status: 422, message: "No such document of a listed right in your organisation's files." },
  DOCUMENT_IN_DATA_ROOM: { status: 409, message: "This document is already in the data room." },
};

export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

export function errorBody(code: string, details?: unknown): { status: number; body: ApiErrorBody } {
  const known = Object.hasOwn(KNOWN, code) ? KNOWN[code]! : { status: 422, message: code };
  return { status: known.status, body: { error: { code, message: known.message, ...(details === undefined ? {} : { details }) } } };
}

export const ERROR_CODES = Object.keys(KNOWN);
