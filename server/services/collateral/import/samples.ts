/**
 * The sample files the import page offers, by download name → path under test/fixtures/imports/. The
 * tests read the same files, so the samples shown are the samples proven to import.
 */
export const SAMPLE_FILES: Record<string, string> = {
  "assets.csv": "loan-book/assets.csv",
  "loans.csv": "loan-book/loans.csv",
  "pledges.csv": "loan-book/pledges.csv",
  "valuations.csv": "loan-book/valuations.csv",
  "risk-shares.csv": "loan-book/risk-shares.csv",
  "registry-feed.csv": "registry-feed.csv",
  "registry-feed.json": "registry-feed.json",
  "loans-with-errors.csv": "with-errors/loans.csv",
  "pledges-with-errors.csv": "with-errors/pledges.csv",
  "risk-shares-with-errors.csv": "with-errors/risk-shares.csv",
};
