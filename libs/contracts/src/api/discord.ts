// Shared API types of the discord endpoints (API.md); filled in by the discord feature.
export {};
