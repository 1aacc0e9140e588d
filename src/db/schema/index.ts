export * from "./common.js";
export * from "./policy.js";
export * from "./department.js";
export * from "./region.js";
export * from "./target.js";
export * from "./instrument.js";
export * from "./meta.js";
