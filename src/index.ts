// The service under tsx (`npm run dev`, `node --import tsx src/index.ts`); `npm start` runs the
// same `main` from its bundle (scripts/start.mjs).
import { main } from "./main.js";

await main();
