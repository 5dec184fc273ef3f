import { PartialType } from '@nestjs/swagger';
import { RefreshBody } from '@patt/contracts';

/**
 * `{refreshToken}` for refresh and logout, where a browser may send `{}` and let its refresh
 * cookie speak: the same checks as the contract's RefreshBody when the field is there.
 */
export class RefreshTokenBody extends PartialType(RefreshBody) {}
