import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsNumber, IsString, MaxLength, Min, MinLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { ADDON_UPLOAD_LIMITS, AddonUpload, AddonUploadMember } from '@patt/contracts';

const { members, shortText, note, zone } = ADDON_UPLOAD_LIMITS;

/** Null is allowed (and means "not in the export"); anything else must pass the checks after it. */
const NullOr = () => ValidateIf((_object: unknown, value: unknown) => value !== null);

/** Postgres text cannot hold U+0000. */
const NoNul = () =>
  ValidateBy({
    name: 'noNul',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.includes('\u0000'),
      defaultMessage: () => '$property must not contain NUL characters',
    },
  });

/** The gateway has validated the file already; guild-sync checks the shape again at its own door. */
export class AddonUploadMemberDto implements AddonUploadMember {
  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  name!: string;

  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  realm!: string;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(note)
  note!: string | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(note)
  officerNote!: string | null;

  @NullOr()
  @IsBoolean()
  isOnline!: boolean | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(shortText)
  lastOnline!: string | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(zone)
  zone!: string | null;
}

export class AddonUploadDto implements AddonUpload {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  exportTime!: number;

  @IsString()
  @NoNul()
  @MaxLength(shortText)
  addonVersion!: string;

  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  guildName!: string;

  @IsArray()
  @ArrayMaxSize(members)
  @ValidateNested({ each: true })
  @Type(() => AddonUploadMemberDto)
  characters!: AddonUploadMemberDto[];
}
