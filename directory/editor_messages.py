"""Every sentence the directory's editing code says to an editor, in one place.

English source strings: the console puts them through gettext (`_(MESSAGES[key])` or
`_(text)`) when it shows them. The importer's own reasons (directory/validation.py) are
returned as they are, so an editor reads what `onward directory import` would say.
"""

from __future__ import annotations

UNKNOWN_FIELD = "is not a field of this form"
NOT_A_ROW_NUMBER = "the row number in this field's name is not a number"
NOT_A_LOCALE = "is not a language the directory is translated into"
NOT_A_WEEKDAY = "is not a day of the week (MO, TU, WE, TH, FR, SA or SU)"
NOT_A_PLACE_OF_THIS_SERVICE = "names a place this service does not have"
NO_SUCH_SERVICE = "This service is not in the directory (any more)."
OTHER_ORGANISATION = "This service belongs to another organisation: you cannot change it."
MOVE_TO_OTHER_ORGANISATION = "You can only keep services of your own organisation."
NO_ORGANISATION = "names an organisation that is not in the directory"
NO_CATEGORY = "names a category that is not in the directory"
NOT_AN_EMAIL_WHO = "Who verified a service is kept as their email address."

# Reading an uploaded file.
NOT_UTF8 = "is not UTF-8 text: save it as UTF-8 and upload it again"
NOT_JSON = "is not JSON ({detail})"
NOT_A_ZIP = "is not a zip file"
ZIP_TOO_BIG = "unpacks to more than {megabytes} MB, more than a directory can be"
ZIP_WITHOUT_PACKAGE = (
    "holds no datapackage.json: upload the whole HSDS data package as one .zip "
    "(datapackage.json and the CSV file of every table), not single tables"
)
PACKAGE_WITHOUT_SERVICES = "holds no services.csv: the data package is not complete"
ONE_CSV_IS_NOT_ENOUGH = (
    "is one CSV file: a directory is several tables. Upload the whole data package as a "
    ".zip (datapackage.json and every table's CSV), or a .json file"
)
UNKNOWN_UPLOAD = "is neither a .json file nor a .zip of an HSDS CSV data package"
SERVICE_OF_OTHER_ORGANISATION = "belongs to another organisation than yours"
ORGANISATION_NOT_YOURS = "is another organisation than yours"
REQUIRED = "is required and missing"
NOT_A_LANGUAGE = "'{value}' is not a language code like en, ar or zh-Hans"
