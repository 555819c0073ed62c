import type { PartMessages } from '../../catalog';
import type { booking as ru } from '../ru/booking';

export const booking: PartMessages<typeof ru> = {
  'booking.walkIn': 'Take a regular ticket',
  'booking.editCode': 'Correct the code',
  'booking.tooEarly.title': 'Check-in has not started yet',
  'booking.tooEarly.message':
    'You are early. Your appointment is at {slotTime}; check-in opens at {opensAt}. Please come to the kiosk then.',
  'booking.tooLate.title': 'Your appointment time has passed',
  'booking.tooLate.message':
    'The appointment time {slotTime} has passed. You can take a regular ticket and wait in the general queue.',
  'booking.wrongOffice.title': 'Appointment at another office',
  'booking.wrongOffice.message':
    'This appointment is at another office: {office}. Please go there at the booked time or ask a member of staff.',
  'booking.alreadyUsed.title': 'Ticket already issued',
  'booking.alreadyUsed.message':
    'Ticket {ticket} has already been issued for this appointment. If you lost it, ask a member of staff.',
  'booking.cancelled.title': 'Appointment cancelled',
  'booking.cancelled.message':
    'This appointment was cancelled. You can take a regular ticket or book again with a member of staff.',
  'booking.notFound.title': 'Appointment not found',
  'booking.notFound.message':
    'The appointment was not found. Check the code: it is printed in your booking confirmation. If the code is right, ask a member of staff.',
  'booking.unreachable.title': 'No connection now',
  'booking.unreachable.message':
    'There is no connection, so the appointment cannot be checked. Take a regular ticket or ask a member of staff.',
  'booking.codeInvalid': 'There is a mistake in the code; check the digits.',
  'booking.scanRejected':
    'This code does not look like a booking code. Hold the QR code from your booking confirmation to the scanner or type the 8 digits.',
  'booking.codeHint':
    'The booking code is 8 digits in the confirmation you were given or sent. Type it below or hold the QR code to the scanner.',
  'booking.title': 'I have an appointment',
  'booking.check': 'Check my appointment',
  'booking.typed': 'Code typed',
  'booking.checking.title': 'Checking your appointment…',
  'booking.checking.lead': 'Please wait. If the appointment is in order, your ticket will print straight away.',
};
