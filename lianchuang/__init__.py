"""The composition root: the one package that imports both the domain (server/) and the GraphQL
layer (schema/) to make the running application, its ASGI entry point and the command line."""
