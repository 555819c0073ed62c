import type { PartMessages } from '../../catalog';
import type { rating as ru } from '../ru/rating';

export const rating: PartMessages<typeof ru> = {
  'rating.title': 'Rate the service',
  'rating.visit': 'Ticket {number} · {service}',
  'rating.window': 'Window {window}',
  'rating.scoreLegend': 'Your score, from 1 to 5',
  'rating.score1': 'Very poor',
  'rating.score2': 'Poor',
  'rating.score3': 'Fair',
  'rating.score4': 'Good',
  'rating.score5': 'Excellent',
  'rating.reasonsLow': 'What went wrong? Optional',
  'rating.reasonsHigh': 'What did you like? Optional',
  'rating.reason.service_time': 'Time taken to provide the service',
  'rating.reason.waiting_time': 'Waiting time in the queue',
  'rating.reason.staff': "The staff member's courtesy and competence",
  'rating.reason.comfort': 'Comfort of the premises',
  'rating.reason.information': 'Information on how the service is provided',
  'rating.send': 'Send the score',
  'rating.sending': 'Sending…',
  'rating.anonymous': 'The score is anonymous: nothing about you is kept.',
  'rating.thanks': 'Thank you for your score!',
  'rating.thanksNote': 'It helps us make the centre better.',
  'rating.queued': 'The score will be sent as soon as the connection is back.',
  'rating.unsent':
    'The score could not be sent. Try again, or rate later on your phone with the QR code on the ticket.',
  'rating.alreadyRated': 'This ticket has already been rated. Thank you!',
  'rating.notYet': 'You can rate the service after your visit to the staff member.',
  'rating.closed': 'The time to rate this ticket has passed.',
  'rating.notFound': 'Ticket not found.',
};
