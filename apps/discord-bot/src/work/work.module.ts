import { Global, Module } from '@nestjs/common';
import { WorkSignals } from './work-signals';

@Global()
@Module({ providers: [WorkSignals], exports: [WorkSignals] })
export class WorkModule {}
