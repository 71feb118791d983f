export * from "./organisations";
export * from "./auth";
export * from "./audit";
export * from "./collateral";
export * from "./monitoring";
export * from "./jobs";
export * from "./listings";
export * from "./offers";
