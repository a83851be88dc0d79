// Apollo Client 3 (core, no React) against the running API: a query with variables, APQ over
// GET (createPersistedQueryLink, useGETForHashedQueries), and a variable error.
import { ApolloClient, InMemoryCache, HttpLink, gql } from "@apollo/client/core/index.js";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries/index.js";
import { createHash } from "node:crypto";

const url = process.argv[2];
const sha256 = (q) => createHash("sha256").update(q).digest("hex");
const seen = [];
const fetchLogged = async (u, opts) => {
  const r = await fetch(u, opts);
  seen.push(`${opts.method} ${r.status} ${r.headers.get("content-type")} cache-control=${r.headers.get("cache-control")}`);
  return r;
};
const http = new HttpLink({ uri: url, fetch: fetchLogged, headers: { "apollographql-client-name": "node-check" } });
const client = new ApolloClient({
  link: createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(http),
  cache: new InMemoryCache(),
});
const REGION = gql`query Region($code: String!) { region(code: $code) { code name } }`;
const one = await client.query({ query: REGION, variables: { code: "DE-BY" }, fetchPolicy: "network-only" });
console.log("query:", JSON.stringify(one.data));
const two = await client.query({ query: REGION, variables: { code: "DE-NW" }, fetchPolicy: "network-only" });
console.log("query again (hash only):", JSON.stringify(two.data));
try {
  await client.query({ query: REGION, variables: { code: 7 }, fetchPolicy: "network-only" });
} catch (e) {
  console.log("variable error:", JSON.stringify(e.graphQLErrors.map((x) => x.extensions)));
}
console.log(seen.join("\n"));
