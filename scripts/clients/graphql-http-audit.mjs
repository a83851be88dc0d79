// graphql-http's audits of the GraphQL over HTTP specification against a running API (scripts/try-clients).
import { serverAudits } from "graphql-http";
const url = process.argv[2];
let ok = 0, warn = 0, err = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const r = await audit.fn();
  if (r.status === "ok") ok++;
  else { if (r.status === "warn") warn++; else err++; console.log(r.status.toUpperCase(), audit.id, audit.name, "-", r.reason); }
}
console.log(`ok ${ok}, warn ${warn}, error ${err}`);
