"""The export dialog's Format box: one radio button a format, and the PDF's page size."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
)

from xiaomi_reader.gui.check_lists import description
from xiaomi_reader.gui.export_choices import FORMAT_CHOICES, PAGE_SIZE_CHOICES, prefers_letter


class FormatBox(QGroupBox):
    """Picks the format (`format_group.buttonToggled` says when it changes)."""

    def __init__(self) -> None:
        super().__init__("Format")
        layout = QVBoxLayout(self)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for choice in FORMAT_CHOICES:
            button = QRadioButton(choice.label)
            button.setObjectName(f"format_{choice.key}")
            button.setToolTip(choice.description)
            # Only as wide as its text: Qt's radio buttons ignore clicks right of it anyway.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.format_group.addButton(button)
            self.format_buttons[choice.key] = button
            layout.addWidget(button)
            layout.addWidget(description(choice.description, button))
        self.format_buttons[FORMAT_CHOICES[0].key].setChecked(True)
        self.format_group.buttonToggled.connect(self.update_page_size)

        self.page_size_combo = QComboBox()
        self.page_size_combo.setAccessibleName("Page size")
        for key, label in PAGE_SIZE_CHOICES:
            self.page_size_combo.addItem(label, key)
        self.page_size_combo.setCurrentIndex(1 if prefers_letter() else 0)
        page_row = QFormLayout()
        page_row.setContentsMargins(0, 8, 0, 0)
        self.page_size_label = QLabel("&Page size:")
        self.page_size_label.setBuddy(self.page_size_combo)
        page_row.addRow(self.page_size_label, self.page_size_combo)
        layout.addLayout(page_row)
        layout.addStretch(1)
        self.update_page_size()

    def selected_format(self) -> str:
        for key, button in self.format_buttons.items():
            if button.isChecked():
                return key
        return FORMAT_CHOICES[0].key

    def page_size(self) -> str:
        return str(self.page_size_combo.currentData())

    def update_page_size(self, *_toggled: object) -> None:
        """Only a PDF has pages: the page size is offered for it alone."""
        is_pdf = self.selected_format() == "pdf"
        self.page_size_combo.setEnabled(is_pdf)
        self.page_size_label.setEnabled(is_pdf)
