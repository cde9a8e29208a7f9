import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The SQL of `/api/health`: whether PostgreSQL answers. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Asks PostgreSQL the smallest question; rejects when it does not answer. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
