from django import forms

from schools.models import School
from schools.services import SCHOOL_TEXT_FIELDS


class SchoolNameForm(forms.ModelForm):
    class Meta:
        model = School
        fields = SCHOOL_TEXT_FIELDS
