/** The bank's collateral workbench (English). */
export const collateralEn = {
  title: "Collateral",
};
