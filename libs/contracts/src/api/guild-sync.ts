// Shared API types of the guild-sync endpoints (API.md); filled in by the guild-sync feature.
export {};
