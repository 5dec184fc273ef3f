// Shared API types of the identity endpoints (API.md); filled in by the identity feature.
export {};
