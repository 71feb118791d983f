import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import type { FilingPack } from "./views";

/** CJK fonts Debian installs (fonts-noto-cjk first, then fonts-wqy-microhei): a collection file and the face in it. */
const CJK_FONTS = [
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", face: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", face: "WenQuanYiMicroHei" },
];

/** The first CJK font present on this machine; null: no PDF (Chinese names would print as blanks), the printable page instead. */
export function cjkFont(): { path: string; face: string } | null {
  return CJK_FONTS.find((f) => existsSync(f.path)) ?? null;
}

const major = (amount: bigint) => {
  const sign = amount < 0n ? "-" : "";
  const abs = amount < 0n ? -amount : amount;
  return `${sign}${(abs / 100n).toLocaleString("en-US")}.${(abs % 100n).toString().padStart(2, "0")}`;
};

/** The registry filing pack as a PDF, in both languages; null when no CJK font is installed. */
export async function filingPackPdf(pack: FilingPack): Promise<Buffer | null> {
  const font = cjkFont();
  if (!font) return null;
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `Registry filing pack ${pack.settlementId}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.font(font.path, font.face);
  const heading = (text: string) => doc.moveDown(0.8).fontSize(12).text(text).moveDown(0.3).fontSize(10);
  const line = (label: string, value: string) => doc.text(`${label}: ${value}`);

  doc.fontSize(16).text("权利转让登记及质押注销材料 / Registry filing pack").fontSize(10).moveDown(0.3);
  line("结算编号 / Settlement", pack.settlementId);
  line("付款参考号 / Payment reference", pack.reference ?? "—");
  line("标的 / Lot", pack.title);
  heading("当事人 / Parties");
  line("转让方 / Assignor (seller)", `${pack.seller.name}  ${pack.seller.creditCode ?? ""}`);
  line("受让方 / Assignee (buyer)", `${pack.buyer.name}  ${pack.buyer.creditCode ?? ""}`);
  heading("权利 / Rights");
  for (const r of pack.rights) line(`${r.type} ${r.jurisdiction} ${r.registryNumber}`, r.title);
  heading("成交 / Sale");
  line("成交价 / Price", `${pack.currency} ${major(pack.price)}`);
  if (pack.creditOffset > 0n) line("以债权抵销 / Paid by set-off (credit bid)", `${pack.currency} ${major(pack.creditOffset)}`);
  line("成交日期 / Award date", pack.awardedAt.toISOString().slice(0, 10));
  if (pack.paidAt) line("付清日期 / Paid in full", pack.paidAt.toISOString().slice(0, 10));
  heading("待注销质押 / Pledges to cancel");
  if (pack.pledges.length === 0) doc.text("—");
  for (const p of pack.pledges) doc.text(p);
  doc.end();
  return done;
}
