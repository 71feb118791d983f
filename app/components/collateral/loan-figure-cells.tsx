import { Link } from "@remix-run/react";
import type { LoanStatus } from "../../../server/domain/collateral/vocabulary";
import { CoverageValue, LoanStatusBadge } from "~/components/collateral/badges";
import { Money } from "~/components/collateral/format";

type LoanFigures = {
  id: string;
  reference: string;
  borrower: string;
  status: LoanStatus;
  currency: string;
  exposure: number;
  collateral: number;
  coverageBps: number | null;
};

/** The cells a loan row shows wherever loans are listed: reference (linked), borrower, status, money, coverage. */
export function LoanFigureCells({ loan, href }: { loan: LoanFigures; href: string }) {
  return (
    <>
      <td>
        <Link to={href} className="font-medium text-brand-700 underline">
          {loan.reference}
        </Link>
      </td>
      <td>{loan.borrower}</td>
      <td>
        <LoanStatusBadge status={loan.status} />
      </td>
      <td className="text-right">
        <Money amount={loan.exposure} currency={loan.currency} />
      </td>
      <td className="text-right">
        <Money amount={loan.collateral} currency={loan.currency} />
      </td>
      <td className="text-right">
        <CoverageValue bps={loan.coverageBps} />
      </td>
    </>
  );
}
