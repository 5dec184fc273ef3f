// Shared API types of the auth endpoints (API.md); filled in by the auth feature.
export {};
