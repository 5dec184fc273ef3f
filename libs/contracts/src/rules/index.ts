// Also an entry point of its own, `@patt/contracts/rules`, which the web app loads at run time to
// say beforehand what the API will refuse: keep these modules plain functions over the API's
// types (no DTO classes, decorators or Node), and import them here by relative path.
export * from './rank-rules';
