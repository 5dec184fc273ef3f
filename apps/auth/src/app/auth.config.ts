import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { emptyAsUndefined, IsJwtSecret, ServiceConfig } from '@patt/service-kit';

export class AuthConfig extends ServiceConfig {
  override HEALTH_PORT = 3101;

  @emptyAsUndefined()
  @IsJwtSecret()
  JWT_SECRET!: string;

  /** The first Guild Leader account, made at first start. */
  @emptyAsUndefined()
  @IsString({ message: 'ADMIN_USERNAME is required' })
  @MinLength(2, { message: 'ADMIN_USERNAME must be at least 2 characters' })
  @MaxLength(32, { message: 'ADMIN_USERNAME must be at most 32 characters' })
  ADMIN_USERNAME!: string;

  @emptyAsUndefined()
  @IsString({ message: 'ADMIN_PASSWORD is required' })
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  @MaxLength(72, { message: 'ADMIN_PASSWORD must be at most 72 bytes' })
  ADMIN_PASSWORD!: string;

  /** bcrypt's cost; 11 was chosen by measurement (README, "Accounts"). */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BCRYPT_COST must be a whole number' })
  @Min(10, { message: 'BCRYPT_COST must be at least 10' })
  @Max(15, { message: 'BCRYPT_COST must be at most 15' })
  BCRYPT_COST = 11;
}
