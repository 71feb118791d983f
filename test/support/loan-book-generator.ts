import { patentCheckDigit } from "../../server/domain/collateral/registry-numbers";
import { addDays } from "../../server/domain/calendar-date";

/**
 * A synthetic but valid loan book of exactly `rows` data rows, for the 10,000-row test and the bench.
 * Each loan brings 8 rows: the loan, two rights (an invention patent and a trademark or software
 * copyright), one pledge over both, one valuation of each, and a 60/40 bank/fund agreement. Collateral is
 * worth twice the loan and no date falls due soon, so the monitor stays quiet: the measure is the import.
 * `series` (0–9) keeps the numbers of two books apart.
 */
export type GeneratedBook = { files: Array<{ name: string; content: string }>; rows: number; loans: number; assets: number; pledges: number; valuations: number; shareRows: number };

const ROWS_PER_LOAN = 8;

function csv(header: string[], rows: Array<Array<string | number>>): string {
  const cell = (v: string | number) => (/[",\n;]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\n") + "\n";
}

function patent(year: number, serial: number): string {
  const digits = `${year}1${String(serial).padStart(7, "0")}`;
  return `${digits}.${patentCheckDigit(digits)}`;
}

/** A unified social credit code of the right shape (the exchange checks the shape, not a registry). */
function creditCode(n: number): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  let tail = "";
  let v = n;
  for (let i = 0; i < 10; i += 1) {
    tail = alphabet[v % alphabet.length]! + tail;
    v = Math.floor(v / alphabet.length);
  }
  return `914403${String(n % 100).padStart(2, "0")}${tail}`;
}

export function generateLoanBook(options: { rows: number; series?: number }): GeneratedBook {
  const series = options.series ?? 0;
  const loansCount = Math.max(1, Math.floor(options.rows / ROWS_PER_LOAN));
  const extraValuations = Math.max(0, options.rows - loansCount * ROWS_PER_LOAN);
  const assets: Array<Array<string | number>> = [];
  const loans: Array<Array<string | number>> = [];
  const pledges: Array<Array<string | number>> = [];
  const valuations: Array<Array<string | number>> = [];
  const shares: Array<Array<string | number>> = [];
  for (let i = 0; i < loansCount; i += 1) {
    const id = series * 1_000_000 + i;
    const reference = `GEN-${series}-${String(i).padStart(6, "0")}`;
    const borrower = `生成测试科技有限公司 ${series}-${i}`;
    const code = creditCode(id + 1);
    const year = 2016 + (i % 8);
    const filed = `${year}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`;
    const patentNumber = patent(year, 1_000_000 + series * 900_000 + i);
    const second =
      i % 2 === 0
        ? { type: "trademark", number: String(60_000_000 + series * 3_000_000 + i), title: `生成商标 ${i}`, classes: String((i % 45) + 1), expires: "2034-06-30" }
        : { type: "copyright_software", number: `2022SR${String(5_000_000 + series * 400_000 + i).padStart(7, "0")}`, title: `生成软件 V${i}`, classes: "", expires: "" };
    const principalYuan = 1_000_000 + (i % 50) * 100_000;
    const disbursed = addDays("2024-01-01", i % 700);
    assets.push(["patent_invention", patentNumber, `一种生成测试方法 ${i}`, borrower, "G06F 16/35", filed, addDays(filed, 900), `${year + 20}${filed.slice(4)}`, "valid", `2030${filed.slice(4)}`, ""]);
    assets.push([second.type, second.number, second.title, borrower, second.classes, "", "", second.expires, "valid", "", ""]);
    loans.push([reference, borrower, code, "CNY", `${principalYuan}.00`, "3.85", disbursed, addDays(disbursed, 1095), "performing", `${principalYuan}.00`, "1000.50", "0"]);
    pledges.push([`GENP${series}${String(i).padStart(7, "0")}`, reference, addDays(disbursed, -3), borrower, code, `${principalYuan}.00`, "CNY", "本金及利息", `patent_invention:${patentNumber};${second.type}:${second.number}`]);
    valuations.push(["patent_invention", patentNumber, "生成评估有限公司", "income", `${principalYuan * 1.5}.00`, "CNY", addDays(disbursed, -10)]);
    valuations.push([second.type, second.number, "生成评估有限公司", "market", `${principalYuan * 0.5}.00`, "CNY", addDays(disbursed, -10)]);
    shares.push([reference, "pro_rata", "bank60_fund40", "bank", "生成银行", "60", ""]);
    shares.push([reference, "pro_rata", "bank60_fund40", "risk_fund", "生成风险补偿基金", "40", ""]);
    if (i < extraValuations) valuations.push(["patent_invention", patentNumber, "生成评估有限公司", "income", `${principalYuan * 1.6}.00`, "CNY", addDays(disbursed, 300)]);
  }
  return {
    rows: assets.length + loans.length + pledges.length + valuations.length + shares.length,
    loans: loans.length,
    assets: assets.length,
    pledges: pledges.length,
    valuations: valuations.length,
    shareRows: shares.length,
    files: [
      { name: "assets.csv", content: csv(["asset_type", "registry_number", "title", "owners", "classes", "filed_on", "granted_on", "expires_on", "legal_status", "next_annuity_due", "description"], assets) },
      { name: "loans.csv", content: csv(["loan_reference", "borrower_name", "borrower_credit_code", "currency", "principal", "rate_percent", "disbursed_on", "matures_on", "status", "outstanding_principal", "accrued_interest", "penalty_interest"], loans) },
      { name: "pledges.csv", content: csv(["pledge_number", "loan_reference", "registered_at", "pledgor_name", "pledgor_credit_code", "secured_amount", "currency", "scope", "assets"], pledges) },
      { name: "valuations.csv", content: csv(["asset_type", "registry_number", "appraiser", "method", "amount", "currency", "valued_on"], valuations) },
      { name: "risk-shares.csv", content: csv(["loan_reference", "mode", "preset", "role", "party_name", "share_percent", "organisation_credit_code"], shares) },
    ],
  };
}
