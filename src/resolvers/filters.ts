// The checks of filter inputs live with the other list arguments (shared with the filtered downloads).
export { checkRange, checkText } from "../graphql/list-filters.js";
