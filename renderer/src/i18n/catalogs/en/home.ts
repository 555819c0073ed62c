import type { PartMessages } from '../../catalog';
import type { home as ru } from '../ru/home';

export const home: PartMessages<typeof ru> = {
  'home.title': 'Hello! What would you like to do?',
  'home.help': 'If anything is unclear, a member of staff will help you.',
  'home.ticket.label': 'Take a ticket',
  'home.ticket.hint': 'Join the queue for a specialist',
  'home.booking.label': 'I have an appointment',
  'home.booking.hint': 'You booked a visit in advance',
  'home.status.label': 'Check an application',
  'home.status.hint': 'Are your documents ready?',
  'home.pay.label': 'Pay a state fee',
  'home.pay.hint': 'By bank card',
  'home.printerWarning': 'The ticket printer is not working at the moment. A member of staff can give you a ticket.',
  'home.announcements.title': 'Announcements',
  'home.announcements.more': 'Show more',
  'attract.touchToStart': 'Touch the screen to start',
  'home.closed': 'The office is closed now.',
  'home.closedUntilTomorrow': 'The office has closed for today. It opens {when}.',
  'home.closedUntil': 'The office is closed now. It opens {when}.',
  'home.bookingOnly': 'Only visitors with an appointment are seen now.',
};
