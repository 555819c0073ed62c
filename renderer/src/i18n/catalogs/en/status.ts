import type { PartMessages } from '../../catalog';
import type { status as ru } from '../ru/status';

export const status: PartMessages<typeof ru> = {
  'status.problem.notFound.title': 'Application not found',
  'status.problem.notFound.message':
    'There is no application with this number. Compare the number with your receipt and type it again. If the number is right, ask a member of staff.',
  'status.problem.editNumber': 'Correct the number',
  'status.problem.dateMismatch.title': 'The date does not match',
  'status.problem.dateMismatch.message':
    'This filing date does not match the application with this number. Check the number and the filing date on your receipt and enter the date again. If it does not work, ask a member of staff.',
  'status.problem.dateMismatch.action': 'Enter the date again',
  'status.problem.phoneMismatch.title': 'The digits do not match',
  'status.problem.phoneMismatch.message':
    'These digits do not match the application with this number. Check the number on your receipt and enter the last 4 digits of the phone number you gave at the centre. If it does not work, ask a member of staff.',
  'status.problem.phoneMismatch.action': 'Enter the digits again',
  'status.problem.invalidNumber.title': 'The number is mistyped',
  'status.problem.invalidNumber.message':
    'No application has a number like this. Compare the number with your receipt and type it again. If it does not work, ask a member of staff.',
  'status.problem.unreachable.title': 'No connection now',
  'status.problem.unreachable.message':
    'The kiosk cannot check the status now: there is no connection to the applications database. Try again in a few minutes or ask a member of staff about your application.',
  'status.problem.rateLimited.title': 'Please wait a little',
  'status.problem.rateLimited.message':
    'The status was checked too often. Wait a few minutes and try again, or ask a member of staff about your application.',
  'status.problem.other.title': 'The status could not be checked',
  'status.problem.other.message': 'Try again. If it does not work, ask a member of staff about your application.',
  'status.slip.paperOut':
    'The printer has run out of paper; the slip did not print. Write the answer down or ask a member of staff.',
  'status.slip.coverOpen':
    'The printer cover is open; the slip did not print. Write the answer down or ask a member of staff.',
  'status.slip.printerUnavailable': 'The printer is not working now. Write the answer down or ask a member of staff.',
  'status.slip.timeout':
    'Printing did not finish. Check whether the slip has come out of the printer. If not, try again.',
  'status.slip.nothingToPrint':
    'The answer has already been cleared from the kiosk. Find the application again to print it.',
  'status.slip.other': 'The slip did not print. Try again or write the answer down.',
  'status.slip.printerDown': 'The printer is not working now, so the answer cannot be printed. Please write it down.',
  'status.slip.printed': 'The slip has printed. Take it from the printer.',
  'status.slip.printedInRussian':
    'The slip is printed in Russian: this printer cannot print the letters of your language.',
  'status.slip.print': 'Print',
  'status.slip.printing': 'Printing…',
  'status.scanRejected':
    'This code does not look like an application number. Hold the barcode on your receipt to the scanner or type the number on the screen.',
  'status.receiptHint':
    'The application number is printed at the top of the receipt you were given at the centre. Type it below or hold the receipt’s barcode to the scanner.',
  'status.factor.dateQuestion': 'Enter the date you filed the application. It is printed on the receipt.',
  'status.factor.phoneQuestion': 'Enter the last 4 digits of the phone number you gave in the application.',
  'status.factor.dateLabel': 'Filing date',
  'status.factor.phoneLabel': 'Phone digits',
  'status.factor.title': 'Confirm the application is yours',
  'status.factor.choose': 'How to confirm',
  'status.factor.invalidDate': 'There is no such date. Check the date on your receipt and correct it.',
  'status.factor.dateMask': 'DDMMYYYY',
  'status.factor.check': 'Check',
  'status.entry.title': 'Check an application',
  'status.entry.placeholder': 'Type the number',
  'status.entry.typed': 'Number typed',
  'status.entry.find': 'Find',
  'status.entry.incomplete': 'Type the whole number, as on the receipt.',
  'status.entry.modes': 'Which keys to show',
  'status.entry.digitsOnly': 'Digits only',
  'status.searching': 'Looking for the application…',
  'status.result.title': 'About your application',
  'status.result.application': 'Application',
  'status.result.service': 'Service',
  'status.result.filed': 'Filed',
  'status.result.where': 'Where to collect',
  'status.result.another': 'Another application',
  'status.answer.accepted': 'Application accepted',
  'status.answer.in_progress': 'Application under review',
  'status.answer.awaiting_applicant': 'Your action is needed',
  'status.answer.ready_for_pickup': 'Documents ready',
  'status.answer.issued': 'Documents already issued',
  'status.answer.refused': 'The service was refused',
  'status.answer.returned_to_agency': 'Documents returned to the agency',
  'status.answer.cancelled': 'Application cancelled',
  'status.where.office': 'to {office}',
  'status.where.window': 'to window {window}',
  'status.where.staff': 'to a member of staff',
  'status.next.acceptedBy': 'The application has gone to the agency. Expected to be ready by {date}.',
  'status.next.accepted': 'The application has gone to the agency. Check the status later.',
  'status.next.inProgressBy': 'The documents should be ready around {date}. There is no need to come yet.',
  'status.next.inProgress':
    'The documents are still being prepared. There is no need to come yet; check the status later.',
  'status.next.awaiting': 'The agency needs information from you. Please come {where} with your passport.',
  'status.next.readyUntil': 'Please come {where} with your passport by {date}.',
  'status.next.ready': 'Please come {where} with your passport.',
  'status.next.issued': 'The documents for this application have already been collected. Nothing more to do.',
  'status.next.refused': 'To receive the decision and learn the reason, come {where} with your passport.',
  'status.next.returned':
    'The storage period has ended and the documents went back to the agency. Please ask a member of staff.',
  'status.next.cancelled': 'If you did not cancel the application, please ask a member of staff.',
};
