import type { PartMessages } from '../../catalog';
import type { attract as ru } from '../ru/attract';

export const attract: PartMessages<typeof ru> = {
  'attract.title': 'Here you can',
  'attract.ticket': 'Take a queue ticket',
  'attract.booking': 'Check in for a booked visit',
  'attract.status': 'Check the status of an application',
  'attract.pay': 'Pay a state fee by card',
};
