"""The GraphQL layer: types, resolvers, loaders, permissions and the app."""
