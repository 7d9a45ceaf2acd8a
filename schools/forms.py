from django import forms

from .models import School
from .services import SCHOOL_TEXT_FIELDS


class SchoolNameForm(forms.ModelForm):
    class Meta:
        model = School
        fields = SCHOOL_TEXT_FIELDS
