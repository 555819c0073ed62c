import type { PartMessages } from '../../catalog';
import type { ticket as ru } from '../ru/ticket';

export const ticket: PartMessages<typeof ru> = {
  'ticket.error.paperOut': 'The printer has run out of paper. Please ask a member of staff.',
  'ticket.error.coverOpen': 'The printer cover is open, so the ticket did not print. Please ask a member of staff.',
  'ticket.error.printerUnavailable':
    'The ticket printer is not working now. Please ask a member of staff. They will add you to the queue.',
  'ticket.error.printerError':
    'The printer could not print the ticket. Try again. If it does not work, ask a member of staff.',
  'ticket.error.timeout':
    'The ticket is taking too long to print. Check whether it has come out of the printer. If there is no ticket, try again or ask a member of staff.',
  'ticket.error.unknownService':
    'You cannot take a ticket for this service here now. Choose another service or ask a member of staff.',
  'ticket.error.officeClosed':
    'This service is not open now, so no ticket was issued. Come during opening hours or ask a member of staff.',
  'ticket.error.bookingRequired':
    'This service is by appointment only. If you have one, press "I have an appointment". A member of staff can book one for you.',
  'ticket.error.numbersExhausted': 'There are no more tickets for this service today. Please ask a member of staff.',
  'ticket.error.diskFull': 'The kiosk is not issuing tickets at the moment. Please ask a member of staff.',
  'ticket.error.rateLimited':
    'The kiosk cannot issue a ticket right now. Wait a few minutes and try again, or ask a member of staff.',
  'ticket.error.other': 'The ticket could not be issued. Please ask a member of staff.',
  'ticket.errorTitle.timeout': 'The ticket did not finish printing',
  'ticket.errorTitle.refused': 'No ticket issued',
  'ticket.errorTitle.notPrinted': 'The ticket did not print',
  'ticket.printerDown.paperOut':
    'The ticket printer has run out of paper, so you cannot take a ticket here now. Please ask a member of staff. They will add you to the queue.',
  'ticket.printerDown.coverOpen':
    'The ticket printer cover is open, so you cannot take a ticket here now. Please ask a member of staff. They will add you to the queue.',
  'ticket.printerDown.other':
    'The ticket printer is not working, so you cannot take a ticket here now. Please ask a member of staff. They will add you to the queue.',
  'ticket.nextInLine': 'You are next',
  'ticket.peopleAhead': 'Ahead of you: {people}',
  'ticket.wait': 'Expected wait: {range}',
  'ticket.wait.overHour': 'over an hour',
  'ticket.wait.underMinute': 'under a minute',
  'ticket.wait.about': 'about {count} {count:minute|minutes}',
  'ticket.wait.upTo': 'up to {count} {count:minute|minutes}',
  'ticket.wait.range': '{low}–{count} {count:minute|minutes}',
  'ticket.unconfirmedNote': 'If the ticket did not come out, tell this number to a member of staff',
  'ticket.offlineNote': 'No connection to the server. The ticket is valid; watch the display board.',
  'ticket.byBooking': 'By appointment',
  'ticket.byBookingAt': 'Appointment at {time}',
  'ticket.serviceClosed': 'No tickets are issued for this service now.',
  'ticket.serviceClosedUntilTomorrow': 'Closed for today. Opens {when}.',
  'ticket.serviceClosedUntil': 'Not open now. Opens {when}.',
  'ticket.bookingOnly': 'By appointment only',
  'ticket.a4Printed': "The list is printing at the administrator's printer. Collect it from a member of staff.",
  'ticket.previewReason.printerDown': 'The printer for lists is not working now.',
  'ticket.previewReason.other': 'The list could not be printed.',
  'ticket.previewHint': 'Take a photo of the list or copy it down.',
  'ticket.categories.title': 'What have you come about?',
  'ticket.categories.loading': 'Loading the list of services…',
  'ticket.categories.none': 'You cannot take a ticket at this kiosk now. Please ask a member of staff.',
  'ticket.categories.failed': 'The list of services could not be loaded.',
  'ticket.categories.failedHint': 'Try again. If it does not work, ask a member of staff.',
  'ticket.services.title': 'Choose a service',
  'ticket.services.lead': 'Choose a service:',
  'ticket.documents': 'What to bring:',
  'ticket.documentsMore': 'and {count} more',
  'ticket.documentsOf': 'What to bring: "{service}"',
  'ticket.confirm.title': 'Take a ticket for "{service}"?',
  'ticket.confirm.yes': 'Yes, take a ticket',
  'ticket.confirm.a4': 'Print the list of documents on an A4 sheet',
  'ticket.confirm.a4Sending': 'Sending to the printer…',
  'ticket.printing': 'Printing your ticket…',
  'ticket.issued.title': 'Take your ticket',
  'ticket.issued.titleUnconfirmed': 'Remember your number',
  'ticket.issued.number': 'Your number',
  'ticket.issued.printedInRussian':
    'The ticket is printed in Russian: this printer cannot print the letters of your language.',
  'ticket.issued.wait': 'Please wait until this number is called.',
  'ticket.issued.returnsIn': 'The screen returns to the start in {seconds}.',
  'ticket.bookingOnly.title': 'By appointment only',
  'ticket.bookingOnly.lead':
    '"{service}" is by appointment only. If you have an appointment, press "I have an appointment".',
  'ticket.bookingOnly.where': 'You can book with a member of staff or on the Gosuslugi portal.',
  'ticket.haveBooking': 'I have an appointment',
  'ticket.unavailable.title': 'Tickets are temporarily not issued here',
};
