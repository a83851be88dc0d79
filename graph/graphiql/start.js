// This project's own: GraphiQL against the endpoint that served the page, no other origin.
// The query may be shared in the address (?query=...); a token goes into the headers editor
// ({"Authorization": "Bearer ..."}) and is kept in this browser's storage only if asked to.
(function () {
  "use strict";
  var endpoint = window.location.pathname;
  var params = new URLSearchParams(window.location.search);
  var example =
    "# selbsthilfe-graph: run with Ctrl-Enter or the play button\n" +
    "{\n  regions(first: 16) {\n    nodes { code name }\n  }\n}\n";
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  function update(name, value) {
    if (value) params.set(name, value);
    else params.delete(name);
    var search = params.toString();
    window.history.replaceState(null, "", endpoint + (search ? "?" + search : ""));
  }
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: example,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: function (q) { update("query", q); },
      onEditVariables: function (v) { update("variables", v); },
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    })
  );
})();
