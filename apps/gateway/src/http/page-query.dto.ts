// The paging query of every list lives in libs/contracts beside the other shared DTOs.
export { PageQueryDto } from '@patt/contracts';
