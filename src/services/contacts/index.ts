import type { Couch } from '../../db/couch.js';
import type { Logger } from '../../logger.js';
import type { SettingsService } from '../settings-service.js';
import { BulkDeleteService } from './bulk-delete-service.js';
import { ContactPager } from './contact-pager.js';
import { ContactReader } from './contact-reader.js';
import { ContactWriter } from './contact-writer.js';
import { ContactsByPhone } from './contacts-by-phone.js';
import { LineageService } from './lineage-service.js';

/** Contacts: lineage and hydration, reads, pages, legacy creates and updates, phone lookup, bulk delete. */
export interface ContactServices {
  lineage: LineageService;
  reader: ContactReader;
  pager: ContactPager;
  writer: ContactWriter;
  byPhone: ContactsByPhone;
  bulkDelete: BulkDeleteService;
}

/** Builds the contact services over the main database. */
export function createContactServices(deps: { couch: Couch; settings: SettingsService; logger: Logger }): ContactServices {
  const medic = deps.couch.medic;
  const { settings } = deps;
  const logger = deps.logger.child({ service: 'contacts' });
  const lineage = new LineageService({ medic });
  const reader = new ContactReader({ settings, lineage });
  return {
    lineage,
    reader,
    pager: new ContactPager({ medic, settings }),
    writer: new ContactWriter({ medic, settings, reader, logger }),
    byPhone: new ContactsByPhone({ medic, settings, lineage }),
    bulkDelete: new BulkDeleteService({ medic }),
  };
}
