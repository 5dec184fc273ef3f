import { Module } from '@nestjs/common';

/** The auth endpoints of API.md: controllers that validate, send one request to the service, and map. */
@Module({
  controllers: [],
})
export class AuthApiModule {}
